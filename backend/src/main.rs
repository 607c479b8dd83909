use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match trygg::cli::run(trygg::cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("trygg: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
