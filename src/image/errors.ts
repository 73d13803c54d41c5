/**
 * The one error type the image reader throws for bad input (not a tar, truncated data, missing blob,
 * several images to choose from). A distinct class lets the CLI tell "your image is broken" (exit 2,
 * message only) apart from a bug in layerlint (stack trace).
 */
export class ImageReadError extends Error {
  override readonly name = 'ImageReadError';
}
