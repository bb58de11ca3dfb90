using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Community.Web.Pages.Forum;

public sealed class ReplyInput
{
    [Required, StringLength(120)]
    public string Subject { get; set; } = "";

    [Required, StringLength(10_000)]
    public string Message { get; set; } = "";
}

public sealed class ReplyPreviewModel : PageModel
{
    private readonly HtmlEncoder _html;

    public ReplyPreviewModel(HtmlEncoder html) => _html = html;

    [BindProperty]
    public ReplyInput Input { get; set; } = new();

    // Called by the editor's "Preview" tab; the returned fragment is injected into the page.
    public IActionResult OnPostPreview()
    {
        if (!ModelState.IsValid)
            return BadRequest(ModelState);

        var subject = _html.Encode(Input.Subject);
        var message = _html.Encode(Input.Message);

        var paragraphs = Input.Message
            .Replace("\r\n", "\n")
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        var fragment = new StringBuilder();
        fragment.Append("<article class=\"reply-preview\">");
        fragment.Append($"<h3>{subject}</h3>");
        foreach (var paragraph in paragraphs)
        {
            fragment.Append("<p>").Append(paragraph.Replace("\n", "<br />")).Append("</p>");
        }
        fragment.Append($"<footer>{message.Length} characters</footer>");
        fragment.Append("</article>");

        return Content(fragment.ToString(), "text/html; charset=utf-8");
    }
}
