// Photos are made small on the phone before they leave it: a 12-megapixel picture travels as a
// few hundred kilobytes instead of several megabytes, and drawing it on a canvas keeps only the
// pixels, so the camera's EXIF (GPS position, owner, device) stays behind.

/** The longest side the server keeps for display; larger would only cost the resident's data. */
const MAX_SIDE = 1600;
const QUALITY = 0.8;

/** The browser cannot decode the file (HEIC on most desktops, a broken file, not an image). */
export class UnreadablePhoto extends Error {
  constructor() {
    super('The photo cannot be decoded in this browser.');
    this.name = 'UnreadablePhoto';
  }
}

async function decode(file: Blob): Promise<ImageBitmap> {
  try {
    // Upright as the camera meant it: the EXIF orientation is applied here, before it is dropped.
    return await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new UnreadablePhoto();
  }
}

/** The photo as a JPEG whose longest side is at most `MAX_SIDE` pixels, without metadata. */
export async function downscale(file: Blob): Promise<Blob> {
  const bitmap = await decode(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas.getContext('2d');
  if (!context) {
    bitmap.close();
    throw new UnreadablePhoto();
  }
  // A JPEG has no transparency: a PNG's transparent parts become white rather than black.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
  // Gives the pixels back now rather than at the next garbage collection: phones have little memory.
  canvas.width = 0;
  canvas.height = 0;
  if (!blob) throw new UnreadablePhoto();
  return blob;
}
