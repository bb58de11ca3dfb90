const IMAGE_PROVIDERS = new Set(['images.unsplash.com', 'lh3.googleusercontent.com', 'avatars.githubusercontent.com']);

export function isAllowedImageSource(rawUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl.trim());
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) {
    return false;
  }
  return IMAGE_PROVIDERS.has(url.hostname.toLowerCase());
}
