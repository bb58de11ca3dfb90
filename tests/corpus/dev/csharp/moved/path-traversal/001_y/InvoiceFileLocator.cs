using Microsoft.Extensions.Options;

namespace Billing.Web.Storage;

public sealed class InvoiceStorageOptions
{
    public string Root { get; set; } = "/srv/billing/invoices";
}

public sealed class InvoiceFileLocator
{
    private static readonly string[] AllowedExtensions = [".pdf", ".docx"];
    private readonly string _root;

    public InvoiceFileLocator(IOptions<InvoiceStorageOptions> options)
    {
        _root = options.Value.Root;
    }

    /// <summary>Maps an invoice file name to its location in the tenant's folder.</summary>
    public string? Resolve(string tenant, string fileName)
    {
        if (!IsAllowedDocument(fileName))
            return null;

        return Path.Combine(_root, tenant, fileName);
    }

    private static bool IsAllowedDocument(string fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
            return false;

        var extension = Path.GetExtension(fileName);
        return AllowedExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase);
    }
}
