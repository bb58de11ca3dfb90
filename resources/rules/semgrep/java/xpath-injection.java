package com.example.catalog;

import javax.xml.namespace.QName;
import javax.xml.xpath.*;
import org.w3c.dom.Document;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/catalog")
public class CatalogController {
    private final Document catalog;

    public CatalogController(Document catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/book")
    public String book(@RequestParam("title") String title) throws XPathExpressionException {
        XPath xpath = XPathFactory.newInstance().newXPath();
        String expr = "//book[title='" + title + "']/price/text()";
        // ruleid: java-xpath-injection
        return xpath.evaluate(expr, catalog);
    }

    @GetMapping("/book-safe")
    public String bookSafe(@RequestParam("title") String title) throws XPathExpressionException {
        XPath xpath = XPathFactory.newInstance().newXPath();
        xpath.setXPathVariableResolver(name -> "title".equals(name.getLocalPart()) ? title : null);
        // ok: java-xpath-injection
        return xpath.evaluate("//book[title=$title]/price/text()", catalog);
    }

    @GetMapping("/isbn/{isbn}")
    public String byIsbn(@PathVariable String isbn) throws XPathExpressionException {
        if (!isbn.matches("^[0-9-]{10,17}$")) {
            throw new IllegalArgumentException("bad isbn");
        }
        XPath xpath = XPathFactory.newInstance().newXPath();
        // ok: java-xpath-injection
        XPathExpression compiled = xpath.compile("//book[isbn='" + isbn + "']/title");
        return compiled.evaluate(catalog);
    }

    @GetMapping("/author")
    public String author(@RequestHeader("X-Author") String author) throws XPathExpressionException {
        // ruleid: java-xpath-injection
        XPathExpression compiled = XPathFactory.newInstance().newXPath().compile("//book[author='" + author + "']/title");
        return compiled.evaluate(catalog);
    }
}
