namespace Claims.Portal.Controllers;

public static class ReceiptRules
{
    public const long MaxBytes = 5 * 1024 * 1024;

    private static readonly Dictionary<string, byte[][]> Signatures = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]],
        [".jpg"] = [[0xFF, 0xD8, 0xFF]],
        [".jpeg"] = [[0xFF, 0xD8, 0xFF]],
        [".pdf"] = [[0x25, 0x50, 0x44, 0x46, 0x2D]],
    };

    public static string NormalisedExtension(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant();

    /// <summary>Returns a reason the file is refused, or null when it can be stored.</summary>
    public static async Task<string?> CheckAsync(IFormFile file, CancellationToken ct)
    {
        if (file.Length > MaxBytes)
        {
            return $"Receipts may be at most {MaxBytes / (1024 * 1024)} MB.";
        }

        var extension = NormalisedExtension(file.FileName);
        if (!Signatures.TryGetValue(extension, out var expected))
        {
            return "Only PNG, JPEG and PDF receipts are accepted.";
        }

        var header = new byte[8];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);

        var matches = expected.Any(sig => read >= sig.Length && header.AsSpan(0, sig.Length).SequenceEqual(sig));
        return matches ? null : "The file content does not match its extension.";
    }
}
