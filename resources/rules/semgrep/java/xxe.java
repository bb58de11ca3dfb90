package com.example.importer;

import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.*;
import javax.xml.stream.*;
import javax.xml.transform.*;
import javax.xml.transform.stream.*;
import org.dom4j.io.SAXReader;
import org.jdom2.input.SAXBuilder;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.multipart.MultipartFile;
import org.w3c.dom.Document;

@RestController
@RequestMapping("/api/import")
public class XmlImportController {
    private static final DocumentBuilderFactory SHARED = DocumentBuilderFactory.newInstance();

    static {
        try {
            SHARED.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    @PostMapping("/dom")
    public String dom(@RequestParam("file") MultipartFile file) throws Exception {
        // ruleid: java-xxe-documentbuilder
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        Document doc = dbf.newDocumentBuilder().parse(file.getInputStream());
        return doc.getDocumentElement().getNodeName();
    }

    @PostMapping("/dom-safe")
    public String domSafe(@RequestParam("file") MultipartFile file) throws Exception {
        // ok: java-xxe-documentbuilder
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setXIncludeAware(false);
        Document doc = dbf.newDocumentBuilder().parse(file.getInputStream());
        return doc.getDocumentElement().getNodeName();
    }

    @PostMapping("/dom-shared")
    public String domShared(@RequestBody InputStream body) throws Exception {
        // ok: java-xxe-documentbuilder
        return SHARED.newDocumentBuilder().parse(body).getDocumentElement().getNodeName();
    }

    @PostMapping("/dom-attr")
    public String domAttr(@RequestBody InputStream body) throws Exception {
        // ok: java-xxe-documentbuilder
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f.newDocumentBuilder().parse(body).getDocumentElement().getNodeName();
    }

    @PostMapping("/sax")
    public void sax(@RequestBody InputStream body) throws Exception {
        // ruleid: java-xxe-saxparser
        SAXParser parser = SAXParserFactory.newInstance().newSAXParser();
        parser.parse(body, new OrderHandler());
    }

    @PostMapping("/sax-safe")
    public void saxSafe(@RequestBody InputStream body) throws Exception {
        // ok: java-xxe-saxparser
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        spf.newSAXParser().parse(body, new OrderHandler());
    }

    @PostMapping("/stax")
    public int stax(@RequestBody InputStream body) throws Exception {
        // ruleid: java-xxe-xmlinputfactory
        XMLInputFactory xif = XMLInputFactory.newInstance();
        XMLStreamReader r = xif.createXMLStreamReader(body);
        return r.next();
    }

    @PostMapping("/stax-safe")
    public int staxSafe(@RequestBody InputStream body) throws Exception {
        // ok: java-xxe-xmlinputfactory
        XMLInputFactory xif = XMLInputFactory.newInstance();
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XMLStreamReader r = xif.createXMLStreamReader(body);
        return r.next();
    }

    @PostMapping("/xslt")
    public void xslt(@RequestBody InputStream body) throws Exception {
        // ruleid: java-xxe-transformer
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.newTransformer().transform(new StreamSource(body), new StreamResult(System.out));
    }

    @PostMapping("/xslt-safe")
    public void xsltSafe(@RequestBody InputStream body) throws Exception {
        // ok: java-xxe-transformer
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        tf.newTransformer().transform(new StreamSource(body), new StreamResult(System.out));
    }

    @PostMapping("/dom4j")
    public String dom4j(@RequestBody InputStream body) throws Exception {
        // ruleid: java-xxe-dom4j-saxreader
        SAXReader reader = new SAXReader();
        return reader.read(body).getRootElement().getName();
    }

    @PostMapping("/dom4j-safe")
    public String dom4jSafe(@RequestBody InputStream body) throws Exception {
        // ok: java-xxe-dom4j-saxreader
        SAXReader reader = new SAXReader();
        reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return reader.read(body).getRootElement().getName();
    }

    @PostMapping("/jdom")
    public String jdom(@RequestBody InputStream body) throws Exception {
        // ruleid: java-xxe-jdom-saxbuilder
        SAXBuilder builder = new SAXBuilder();
        return builder.build(body).getRootElement().getName();
    }

    @PostMapping("/jdom-safe")
    public String jdomSafe(@RequestBody InputStream body) throws Exception {
        // ok: java-xxe-jdom-saxbuilder
        SAXBuilder builder = new SAXBuilder();
        builder.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return builder.build(body).getRootElement().getName();
    }

    @PostMapping("/hardened-all")
    public void hardenedAll(@RequestBody InputStream body) throws Exception {
        // ok: java-xxe-saxparser
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setFeature("http://xml.org/sax/features/external-general-entities", false);
        spf.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        spf.newSAXParser().parse(body, new OrderHandler());
        // ok: java-xxe-xmlinputfactory
        XMLInputFactory xif = XMLInputFactory.newInstance();
        xif.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        xif.createXMLStreamReader(body);
        // ok: java-xxe-transformer
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        tf.newTransformer();
        // ok: java-xxe-dom4j-saxreader
        SAXReader reader = new SAXReader();
        reader.setFeature("http://xml.org/sax/features/external-general-entities", false);
        reader.read(body);
        // ok: java-xxe-jdom-saxbuilder
        SAXBuilder builder = new SAXBuilder();
        builder.setExpandEntities(false);
        builder.setFeature("http://xml.org/sax/features/external-general-entities", false);
        builder.build(body);
        // ok: java-xxe-xmlreader
        org.xml.sax.XMLReader xr = XMLReaderFactory.createXMLReader();
        xr.setFeature("http://xml.org/sax/features/external-general-entities", false);
        xr.parse(new org.xml.sax.InputSource(body));
    }

    @PostMapping("/reader")
    public void reader(@RequestBody InputStream body) throws Exception {
        // ruleid: java-xxe-xmlreader
        org.xml.sax.XMLReader xr = XMLReaderFactory.createXMLReader();
        xr.parse(new org.xml.sax.InputSource(body));
        // ok: java-xxe-xmlreader
        org.xml.sax.XMLReader xr2 = XMLReaderFactory.createXMLReader();
        xr2.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        xr2.parse(new org.xml.sax.InputSource(body));
    }
}
