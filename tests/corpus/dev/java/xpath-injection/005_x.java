package com.voltparts.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

@RestController
public class DatasheetController {

    private final CatalogDocument catalog;

    public DatasheetController(CatalogDocument catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/parts/{partNumber}/specs")
    public ResponseEntity<List<Map<String, String>>> specs(@PathVariable String partNumber)
            throws XPathExpressionException {
        XPath xpath = XPathFactory.newInstance().newXPath();
        String expr = "/catalog/part[@released='true'][@number='" + quote(partNumber) + "']/spec";

        NodeList specs = (NodeList) xpath.evaluate(expr, catalog.document(), XPathConstants.NODESET);
        if (specs.getLength() == 0) {
            return ResponseEntity.notFound().build();
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < specs.getLength(); i++) {
            Element spec = (Element) specs.item(i);
            out.add(Map.of("name", spec.getAttribute("name"),
                           "value", spec.getTextContent().trim(),
                           "unit", spec.getAttribute("unit")));
        }
        return ResponseEntity.ok(out);
    }

    // part numbers sometimes contain apostrophes (e.g. imperial sizes like 3/8')
    private static String quote(String value) {
        return value.replace("'", "&apos;");
    }
}
