using System.Text.RegularExpressions;

namespace Shop.Web.Formatting;

/// <summary>
/// Tiny subset of markdown for customer reviews: **bold**, _italic_ and line breaks.
/// </summary>
public static partial class ReviewMarkup
{
    [GeneratedRegex(@"<\s*/?\s*(script|iframe|object|embed)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockedTags();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?<!\w)_(.+?)_(?!\w)")]
    private static partial Regex Italic();

    public static string ToSafeHtml(string text)
    {
        var html = BlockedTags().Replace(text, string.Empty);

        html = Bold().Replace(html, "<strong>$1</strong>");
        html = Italic().Replace(html, "<em>$1</em>");

        return html
            .Replace("\r\n", "\n")
            .Replace("\n", "<br />");
    }
}
