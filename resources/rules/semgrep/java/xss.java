package com.example.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import javax.servlet.http.*;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.util.HtmlUtils;
import org.owasp.encoder.Encode;
import org.apache.commons.text.StringEscapeUtils;
import javax.inject.Inject;
import java.util.List;

@RestController
@RequestMapping("/greet")
public class GreetingController {

    @GetMapping("/hello")
    public String hello(@RequestParam("name") String name) {
        // ruleid: java-xss
        return "<html><body><h1>Hello, " + name + "!</h1></body></html>";
    }

    @GetMapping("/hello-safe")
    public String helloSafe(@RequestParam("name") String name) {
        // ok: java-xss
        return "<html><body><h1>Hello, " + HtmlUtils.htmlEscape(name) + "!</h1></body></html>";
    }

    @GetMapping(value = "/hello-json", produces = MediaType.APPLICATION_JSON_VALUE)
    public String helloJson(@RequestParam("name") String name) {
        // ok: java-xss
        return "{\"greeting\": \"Hello\", \"name\": \"" + name.replace("\"", "") + "\"}";
    }

    @GetMapping("/card")
    public ResponseEntity<String> card(@RequestParam String title) {
        String html = "<div class=\"card\">" + title + "</div>";
        // ruleid: java-xss
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(html);
    }

    @GetMapping("/echo")
    public String echo(@RequestParam("q") String q) {
        // ok: java-xss
        return lookupService.describe(q);
    }

    @GetMapping(value = "/page", produces = "text/html")
    public String page(@RequestParam("q") String q) {
        String body = renderer.render(q);
        // ruleid: java-xss
        return body;
    }

    @GetMapping("/count")
    public String count(@RequestParam int n) {
        // ok: java-xss
        return "<p>You asked for " + n + " items</p>";
    }
}

class SearchServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String q = request.getParameter("q");
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<h2>Results</h2>");
        // ruleid: java-xss
        out.println("<p>No results for " + q + "</p>");
        // ok: java-xss
        out.println("<p>No results for " + HtmlUtils.htmlEscape(q) + "</p>");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String q = request.getParameter("q");
        response.setContentType("application/json");
        // ok: java-xss
        response.getWriter().write("{\"query\":" + q.length() + "}");
    }
}

class CatalogServlet extends HttpServlet {
    @Inject
    ProductCatalog catalog;

    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String q = req.getParameter("q");
        List<ProductCatalog.Item> items = catalog.search(q);
        PrintWriter out = resp.getWriter();
        // ruleid: java-xss-encoder-wrong-context
        out.println("<input name=\"q\" value=\"" + Encode.forHtmlContent(q) + "\">");
        // ok: java-xss-encoder-wrong-context
        out.println("<input name='q' value='" + Encode.forHtmlAttribute(q) + "'>");
        // ruleid: java-xss-encoder-wrong-context
        out.println("<a title='" + StringEscapeUtils.escapeHtml4(q) + "'>search</a>");
        // ok: java-xss-encoder-wrong-context
        out.println("<p>" + Encode.forHtmlContent(q) + "</p>");
        for (ProductCatalog.Item item : items) {
            // ok: java-xss
            out.println("<li>" + item.sku() + " " + Encode.forHtml(item.name()) + "</li>");
        }
        String echoed = catalog.describe(q);
        // ruleid: java-xss
        out.println("<p>" + echoed + "</p>");
        // ruleid: java-xss
        out.println("<p>" + q + "</p>");
    }
}
