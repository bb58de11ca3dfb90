using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace Intranet.Pages.Handbook;

public sealed class HandbookOptions
{
    public string ContentRoot { get; set; } = "";
}

[Authorize]
public class ChapterModel : PageModel
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly HandbookOptions _options;
    private readonly ILogger<ChapterModel> _logger;

    public ChapterModel(IOptions<HandbookOptions> options, ILogger<ChapterModel> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    public string? Title { get; private set; }

    public IActionResult OnGet(string section)
    {
        Title = section;
        return Page();
    }

    // GET /Handbook/Chapter?handler=Attachment&section=onboarding&file=laptop-setup.pdf
    public IActionResult OnGetAttachment(string section, string file)
    {
        if (string.IsNullOrWhiteSpace(section) || string.IsNullOrWhiteSpace(file))
        {
            return BadRequest();
        }

        var relative = TidyRelativePath(Path.Combine(section, file));
        var fullPath = Path.Combine(_options.ContentRoot, "attachments", relative);

        if (!System.IO.File.Exists(fullPath))
        {
            _logger.LogInformation("Handbook attachment {Section}/{File} not found", section, file);
            return NotFound();
        }

        if (!ContentTypes.TryGetContentType(fullPath, out var contentType))
        {
            contentType = "application/octet-stream";
        }

        return PhysicalFile(fullPath, contentType, Path.GetFileName(fullPath));
    }

    /// <summary>
    /// Normalises separators and drops parent-directory segments so links copied
    /// from the old wiki (which used backslashes and "../") keep working.
    /// </summary>
    private static string TidyRelativePath(string value)
    {
        var tidy = value.Replace('\\', '/');
        tidy = tidy.Replace("../", string.Empty);
        return tidy.TrimStart('/');
    }
}
