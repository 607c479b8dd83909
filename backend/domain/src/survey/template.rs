//! The standard "Trygghetsenkät": our own plain Swedish, modelled on the topics of NTU and the
//! police's trygghetsmätning so that results compare (see shared/domain/trygghetsenkat.md).
//! Question codes are stable: a new round made from this template compares with the last.

use super::definition::{Choice, Condition, IndexKind, Question, QuestionType, SurveyDefinition, Text, YES};

fn choices(list: &[(&str, &str, &str, Option<f64>)]) -> Vec<Choice> {
    list.iter().map(|(code, sv, en, score)| Choice::new(code, sv, en, *score)).collect()
}

fn scale(code: &str, sv: &str, en: &str, steps: &[(&str, &str, &str, Option<f64>)]) -> Question {
    Question { choices: choices(steps), ..Question::new(code, QuestionType::Scale, sv, en) }
}

fn yes_no(code: &str, sv: &str, en: &str) -> Question {
    Question::new(code, QuestionType::YesNo, sv, en)
}

fn shown_if(question: Question, earlier: &str, any_of: &[&str]) -> Question {
    let any_of = any_of.iter().map(|s| (*s).to_owned()).collect();
    Question { show_if: Some(Condition { question: earlier.to_owned(), any_of }), ..question }
}

const OFTEN: &[(&str, &str, &str, Option<f64>)] = &[
    ("often", "Ja, ofta", "Yes, often", None),
    ("sometimes", "Ja, ibland", "Yes, sometimes", None),
    ("no", "Nej", "No", None),
];

const WORRY_OFTEN: &[(&str, &str, &str, Option<f64>)] = &[
    ("very_often", "Mycket ofta", "Very often", None),
    ("fairly_often", "Ganska ofta", "Fairly often", None),
    ("fairly_seldom", "Ganska sällan", "Fairly seldom", None),
    ("never", "Aldrig", "Never", None),
];

/// Problemindex weights: mycket stort 6, ganska stort 4, ganska litet 2, inget 0; "vet ej" apart.
const PROBLEM: &[(&str, &str, &str, Option<f64>)] = &[
    ("very_big", "Mycket stort problem", "A very big problem", Some(6.0)),
    ("fairly_big", "Ganska stort problem", "A fairly big problem", Some(4.0)),
    ("fairly_small", "Ganska litet problem", "A fairly small problem", Some(2.0)),
    ("none", "Inget problem", "No problem", Some(0.0)),
];

const AGREE: &[(&str, &str, &str, Option<f64>)] = &[
    ("agree_fully", "Instämmer helt", "Agree fully", None),
    ("agree_partly", "Instämmer delvis", "Agree partly", None),
    ("disagree_somewhat", "Instämmer inte särskilt", "Do not really agree", None),
    ("disagree", "Instämmer inte alls", "Do not agree at all", None),
];

/// The problem list: (code suffix, Swedish, English).
const PROBLEMS: &[(&str, &str, &str)] = &[
    ("littering", "Nedskräpning", "Litter"),
    ("graffiti", "Klotter", "Graffiti"),
    ("vandalism", "Skadegörelse", "Vandalism"),
    ("lighting", "Dåligt upplysta gator, gångvägar och parker", "Poorly lit streets, paths and parks"),
    ("overgrown", "Igenvuxna platser och skymd sikt", "Overgrown places and blocked views"),
    ("reckless_cars", "Bilar som körs störande (buskörning)", "Cars driven recklessly"),
    (
        "mopeds",
        "Mopeder eller A-traktorer på gång- och cykelvägar",
        "Mopeds or A-tractors on footpaths and cycle paths",
    ),
    ("youth_disorder", "Ungdomar som stör ordningen", "Young people causing disorder"),
    ("drunk", "Berusade personer utomhus", "Drunk people outdoors"),
    ("drugged", "Personer påverkade av narkotika", "People under the influence of drugs"),
    ("drug_dealing", "Öppen droghandel", "Open drug dealing"),
    ("fights", "Bråk och slagsmål utomhus", "Quarrels and fights outdoors"),
    ("arson", "Anlagda bränder", "Arson"),
    ("burglary", "Inbrott i bostäder och källare", "Burglary in homes and cellars"),
    ("vehicle_theft", "Cykel- och bilstölder", "Bicycle and car theft"),
];

const WORRIES: &[(&str, &str, &str)] = &[
    ("burglary", "inbrott i din bostad", "burglary in your home"),
    ("assault", "misshandel", "assault"),
    ("theft", "stöld", "theft"),
    ("vandalism", "skadegörelse", "vandalism"),
    ("harassment", "trakasserier", "harassment"),
];

const VICTIMISATION: &[(&str, &str, &str)] = &[
    ("violence", "våld", "violence"),
    ("threat", "hot", "threats"),
    ("theft", "stöld", "theft"),
    ("vandalism", "skadegörelse", "vandalism"),
];

fn feeling_safe() -> Vec<Question> {
    let evening = Question {
        required: true,
        index: Some(IndexKind::Share),
        ..scale(
            "unsafe_evening",
            "Hur trygg eller otrygg känner du dig om du går ut ensam sent en kväll i området där du bor?",
            "How safe or unsafe do you feel going out alone late in the evening in the area where you live?",
            &[
                ("very_safe", "Mycket trygg", "Very safe", Some(1.0)),
                ("fairly_safe", "Ganska trygg", "Fairly safe", Some(1.0)),
                ("fairly_unsafe", "Ganska otrygg", "Fairly unsafe", Some(0.0)),
                ("very_unsafe", "Mycket otrygg", "Very unsafe", Some(0.0)),
                ("never_out", "Jag går aldrig ut ensam sent", "I never go out alone late", None),
            ],
        )
    };
    let why = shown_if(
        yes_no(
            "never_out_crime",
            "Är det för att du är orolig för att utsättas för brott?",
            "Is it because you worry about becoming a victim of crime?",
        ),
        "unsafe_evening",
        &["never_out"],
    );
    vec![
        evening,
        why,
        scale("avoid_route", "Har du de senaste 12 månaderna valt en annan väg eller ett annat sätt att ta dig fram för att du var orolig för brott?", "In the last 12 months, have you taken another route or way of travelling because you worried about crime?", OFTEN),
        scale("avoid_activity", "Har du de senaste 12 månaderna låtit bli att göra något för att du var orolig för brott?", "In the last 12 months, have you kept from doing something because you worried about crime?", OFTEN),
        scale(
            "worry_society",
            "Hur mycket oroar du dig för brottsligheten i samhället?",
            "How much do you worry about crime in society?",
            &[
                ("very_much", "Mycket", "Very much", None),
                ("quite_much", "Ganska mycket", "Quite a lot", None),
                ("quite_little", "Ganska lite", "Quite little", None),
                ("very_little", "Mycket lite", "Very little", None),
                ("not_at_all", "Inte alls", "Not at all", None),
            ],
        ),
    ]
}

fn worries() -> Vec<Question> {
    WORRIES
        .iter()
        .map(|(code, sv, en)| {
            scale(
                &format!("worry_{code}"),
                &format!("Hur ofta oroar du dig för att utsättas för {sv}?"),
                &format!("How often do you worry about {en}?"),
                WORRY_OFTEN,
            )
        })
        .collect()
}

fn problems() -> Vec<Question> {
    PROBLEMS
        .iter()
        .map(|(code, sv, en)| Question {
            dont_know: true,
            index: Some(IndexKind::Mean),
            help: Some(Text::new(
                "Hur stort problem är det i området där du bor?",
                "How big a problem is it in the area where you live?",
            )),
            ..scale(&format!("problem_{code}"), sv, en, PROBLEM)
        })
        .collect()
}

fn victimisation() -> Vec<Question> {
    VICTIMISATION
        .iter()
        .flat_map(|(code, sv, en)| {
            let asked = yes_no(
                &format!("victim_{code}"),
                &format!("Har du de senaste 12 månaderna blivit utsatt för {sv} här i kommunen?"),
                &format!("In the last 12 months, have you been subjected to {en} here in the municipality?"),
            );
            let times = Question {
                min: Some(1),
                max: Some(100),
                ..Question::new(
                    &format!("victim_{code}_times"),
                    QuestionType::Number,
                    "Hur många gånger?",
                    "How many times?",
                )
            };
            [asked, shown_if(times, &format!("victim_{code}"), &[YES])]
        })
        .collect()
}

fn trust_and_places() -> Vec<Question> {
    let trust = |code: &str, sv: &str, en: &str| Question { dont_know: true, ..scale(code, sv, en, AGREE) };
    let map = Question {
        help: Some(Text::new(
            "Tryck på kartan där du känner dig otrygg. Välj varför och när. Du kan markera flera platser.",
            "Tap the map where you feel unsafe. Choose why and when. You can mark several places.",
        )),
        choices: choices(&[
            ("dark", "Mörkt", "Dark", None),
            ("deserted", "Öde", "Deserted", None),
            ("overgrown", "Skymd sikt, buskar", "Blocked view, bushes", None),
            ("people", "Personer som uppehåller sig där", "People hanging around", None),
            ("traffic", "Trafiken", "Traffic", None),
            ("earlier_incident", "Något har hänt där tidigare", "Something happened there before", None),
            ("other", "Annat", "Other", None),
        ]),
        max: Some(10),
        ..Question::new(
            "map_unsafe",
            QuestionType::MapPoints,
            "Markera platser där du känner dig otrygg.",
            "Mark places where you feel unsafe.",
        )
    };
    let comment = Question {
        max_length: Some(1000),
        help: Some(Text::new(
            "Skriv inte namn eller annat som pekar ut någon.",
            "Do not write names or anything that points someone out.",
        )),
        ..Question::new(
            "comment",
            QuestionType::FreeText,
            "Vill du berätta något mer om tryggheten där du bor?",
            "Is there anything more you want to tell us about safety where you live?",
        )
    };
    vec![
        trust(
            "trust_police",
            "Polisen bryr sig om problemen i området där jag bor.",
            "The police care about the problems in the area where I live.",
        ),
        trust(
            "trust_kommun",
            "Kommunen bryr sig om problemen i området där jag bor.",
            "The municipality cares about the problems in the area where I live.",
        ),
        map,
        comment,
    ]
}

fn background() -> Vec<Question> {
    let background = |q: Question| Question { background: true, ..q };
    let gender = Question {
        choices: choices(&[
            ("woman", "Kvinna", "Woman", None),
            ("man", "Man", "Man", None),
            ("other", "Annat", "Other", None),
        ]),
        ..Question::new("bg_gender", QuestionType::SingleChoice, "Kön", "Gender")
    };
    let age = Question {
        choices: choices(&[
            ("age_16_19", "16–19 år", "16–19", None),
            ("age_20_24", "20–24 år", "20–24", None),
            ("age_25_44", "25–44 år", "25–44", None),
            ("age_45_64", "45–64 år", "45–64", None),
            ("age_65_74", "65–74 år", "65–74", None),
            ("age_75_84", "75–84 år", "75–84", None),
            ("age_85_plus", "85 år eller äldre", "85 or older", None),
        ]),
        ..Question::new("bg_age", QuestionType::SingleChoice, "Ålder", "Age")
    };
    let area = Question::new("bg_area", QuestionType::Area, "Var bor du?", "Where do you live?");
    vec![background(gender), background(age), background(area)]
}

/// The standard template: feeling safe, worry, problems in the area, victimisation, trust, the
/// map of unsafe places, and optional background.
pub fn standard() -> SurveyDefinition {
    let questions = [feeling_safe(), worries(), problems(), victimisation(), trust_and_places(), background()].concat();
    SurveyDefinition {
        title: Text::new("Trygghetsenkät", "Safety survey"),
        intro: Text::new(
            "Hur trygg känner du dig där du bor? Dina svar hjälper kommunen och polisen att se var och när det behövs insatser. Du svarar anonymt, och det tar ungefär tio minuter. Frågor om dig själv i slutet är frivilliga.",
            "How safe do you feel where you live? Your answers help the municipality and the police see where and when action is needed. You answer anonymously, and it takes about ten minutes. The questions about yourself at the end are optional.",
        ),
        questions,
    }
}
