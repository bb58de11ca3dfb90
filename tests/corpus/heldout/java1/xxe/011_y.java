package com.ledgerly.ingest.api;

import java.io.InputStream;
import java.math.BigDecimal;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.ledgerly.ingest.InvoiceService;

@Path("/v1/invoices")
public class InvoiceImportResource {

    @Inject
    InvoiceService invoices;

    public record ImportResult(String invoiceNumber, String supplier, BigDecimal total) {}

    @POST
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    @Produces(MediaType.APPLICATION_JSON)
    public Response importInvoice(InputStream body) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        Document doc = builder.parse(body);

        Element root = doc.getDocumentElement();
        if (!"Invoice".equals(root.getLocalName())) {
            return Response.status(Response.Status.BAD_REQUEST).build();
        }

        String number = text(root, "ID");
        String supplier = text(root, "SupplierName");
        BigDecimal total = new BigDecimal(text(root, "PayableAmount"));

        invoices.registerIncoming(number, supplier, total);
        return Response.status(Response.Status.CREATED)
                .entity(new ImportResult(number, supplier, total))
                .build();
    }

    private static String text(Element root, String localName) {
        var nodes = root.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
