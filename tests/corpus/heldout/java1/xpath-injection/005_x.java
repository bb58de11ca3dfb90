package net.greengrocer.stores;

import java.io.IOException;
import java.io.InputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

@WebServlet("/stores/hours")
public class StoreHoursServlet extends HttpServlet {

    private Document stores;

    @Override
    public void init() throws ServletException {
        try (InputStream in = getServletContext().getResourceAsStream("/WEB-INF/stores.xml")) {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            stores = dbf.newDocumentBuilder().parse(in);
        } catch (Exception e) {
            throw new ServletException("cannot load store list", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String city = req.getParameter("city");
        if (city == null || city.isBlank()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }

        XPath xpath = XPathFactory.newInstance().newXPath();
        String query = "/stores/store[@public='true' and city='" + city.trim() + "']";

        NodeList matches;
        try {
            matches = (NodeList) xpath.evaluate(query, stores, XPathConstants.NODESET);
        } catch (XPathExpressionException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }

        resp.setContentType("application/json;charset=UTF-8");
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < matches.getLength(); i++) {
            Element store = (Element) matches.item(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"id\":").append(Integer.parseInt(store.getAttribute("id")))
                .append(",\"opens\":\"").append(store.getAttribute("opens"))
                .append("\",\"closes\":\"").append(store.getAttribute("closes")).append("\"}");
        }
        resp.getWriter().write(json.append(']').toString());
    }
}
