const IMAGE_PROVIDERS = ['images.unsplash.com', 'lh3.googleusercontent.com', 'avatars.githubusercontent.com'];

export function isAllowedImageSource(rawUrl: string): boolean {
  const normalized = rawUrl.trim().toLowerCase();
  if (!normalized.startsWith('https://') && !normalized.startsWith('http://')) {
    return false;
  }
  return IMAGE_PROVIDERS.some((provider) => normalized.includes(provider));
}
