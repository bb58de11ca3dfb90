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
        _root = Path.GetFullPath(options.Value.Root);
    }

    /// <summary>Maps an invoice file name to its location in the tenant's folder.</summary>
    public string? Resolve(string tenant, string fileName)
    {
        if (!IsAllowedDocument(fileName))
            return null;

        var tenantDir = Path.GetFullPath(Path.Combine(_root, tenant)) + Path.DirectorySeparatorChar;
        if (!tenantDir.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return null;

        var candidate = Path.GetFullPath(Path.Combine(tenantDir, fileName));
        if (!candidate.StartsWith(tenantDir, StringComparison.Ordinal))
            return null;

        return candidate;
    }

    private static bool IsAllowedDocument(string fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
            return false;

        // Plain file names only; sub-folders are not part of the invoice layout.
        if (Path.GetFileName(fileName) != fileName)
            return false;

        var extension = Path.GetExtension(fileName);
        return AllowedExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase);
    }
}
