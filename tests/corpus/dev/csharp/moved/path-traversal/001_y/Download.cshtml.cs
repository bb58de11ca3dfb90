using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Billing.Web.Storage;

namespace Billing.Web.Pages.Invoices;

[Authorize]
public sealed class DownloadModel : PageModel
{
    private readonly InvoiceFileLocator _locator;
    private readonly ILogger<DownloadModel> _logger;

    public DownloadModel(InvoiceFileLocator locator, ILogger<DownloadModel> logger)
    {
        _locator = locator;
        _logger = logger;
    }

    // /Invoices/Download?file=2024-03-INV-00017.pdf
    public IActionResult OnGet([FromQuery] string file)
    {
        var tenant = User.FindFirst("tenant")?.Value;
        if (tenant is null)
            return Forbid();

        var fullPath = _locator.Resolve(tenant, file);
        if (fullPath is null || !System.IO.File.Exists(fullPath))
        {
            _logger.LogInformation("Invoice {File} not found for tenant {Tenant}", file, tenant);
            return NotFound();
        }

        var contentType = Path.GetExtension(fullPath).Equals(".pdf", StringComparison.OrdinalIgnoreCase)
            ? "application/pdf"
            : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

        return PhysicalFile(fullPath, contentType, Path.GetFileName(fullPath));
    }
}
