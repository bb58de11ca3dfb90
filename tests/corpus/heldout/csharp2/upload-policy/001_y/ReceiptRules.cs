namespace Claims.Portal.Controllers;

public static class ReceiptRules
{
    public const long MaxBytes = 5 * 1024 * 1024;

    private static readonly HashSet<string> AcceptedExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".pdf",
    };

    public static string NormalisedExtension(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant();

    public static bool HasAcceptedType(IFormFile file) =>
        AcceptedExtensions.Contains(NormalisedExtension(file.FileName));
}
