using System.Text.Encodings.Web;
using System.Text.RegularExpressions;

namespace Shop.Web.Formatting;

/// <summary>
/// Tiny subset of markdown for customer reviews: **bold**, _italic_ and line breaks.
/// </summary>
public static partial class ReviewMarkup
{
    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?<!\w)_(.+?)_(?!\w)")]
    private static partial Regex Italic();

    public static string ToSafeHtml(string text)
    {
        // encode everything first; the only markup in the result is what we add below
        var html = HtmlEncoder.Default.Encode(text.Replace("\r\n", "\n"));

        html = Bold().Replace(html, "<strong>$1</strong>");
        html = Italic().Replace(html, "<em>$1</em>");

        // HtmlEncoder turns '\n' into "&#xA;"
        return html.Replace("&#xA;", "<br />");
    }
}
