using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Procurement.Api.Controllers;

public sealed record ImportedInvoice(string Number, string Supplier, decimal Total, string Currency);

[ApiController]
[Authorize]
[Route("api/invoices")]
public sealed class InvoiceImportController : ControllerBase
{
    private static readonly XNamespace Cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    private static readonly XNamespace Cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

    private readonly IInvoiceInbox _inbox;

    public InvoiceImportController(IInvoiceInbox inbox) => _inbox = inbox;

    // Suppliers post UBL 2.1 invoices straight from their ERP.
    [HttpPost("ubl")]
    [Consumes("application/xml", "text/xml")]
    public async Task<IActionResult> ImportUbl(CancellationToken ct)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = 10_000_000,
            Async = true
        };

        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(Request.Body, settings);
            doc = await XDocument.LoadAsync(reader, LoadOptions.None, ct);
        }
        catch (XmlException)
        {
            return BadRequest("malformed XML or DOCTYPE present");
        }

        var root = doc.Root;
        if (root is null || root.Name.LocalName != "Invoice")
            return BadRequest("expected a UBL Invoice document");

        var invoice = new ImportedInvoice(
            Number: (string?)root.Element(Cbc + "ID") ?? "",
            Supplier: (string?)root.Element(Cac + "AccountingSupplierParty")?.Descendants(Cbc + "Name").FirstOrDefault() ?? "",
            Total: (decimal?)root.Element(Cac + "LegalMonetaryTotal")?.Element(Cbc + "PayableAmount") ?? 0m,
            Currency: (string?)root.Element(Cbc + "DocumentCurrencyCode") ?? "EUR");

        await _inbox.EnqueueAsync(invoice, ct);
        return Accepted(invoice);
    }
}

public interface IInvoiceInbox
{
    Task EnqueueAsync(ImportedInvoice invoice, CancellationToken ct);
}
