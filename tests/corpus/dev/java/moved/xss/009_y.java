package com.bookworm.catalog.web;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.bookworm.catalog.BookIndex;
import com.bookworm.catalog.BookIndex.Hit;

/**
 * Server-rendered fragment used by the search box; the front end swaps it into the results panel.
 */
@RestController
public class SearchFragmentController {

    private final BookIndex index;

    public SearchFragmentController(BookIndex index) {
        this.index = index;
    }

    record ResultsView(String query, int total, List<Hit> hits) {

        String render() {
            StringBuilder html = new StringBuilder(512);
            html.append("<section class=\"results\">");
            if (hits.isEmpty()) {
                html.append("<p class=\"empty\">No books match <strong>")
                    .append(query)
                    .append("</strong>. Try a shorter title or the author's surname.</p>");
            } else {
                html.append("<h2>").append(total).append(" results</h2><ol>");
                for (Hit hit : hits) {
                    html.append("<li><a href=\"/books/").append(hit.id()).append("\">")
                        .append(org.springframework.web.util.HtmlUtils.htmlEscape(hit.title()))
                        .append("</a></li>");
                }
                html.append("</ol>");
            }
            return html.append("</section>").toString();
        }
    }

    @GetMapping(value = "/search/fragment", produces = MediaType.TEXT_HTML_VALUE)
    public String fragment(@RequestParam("q") String q) {
        List<Hit> hits = index.search(q, 25);
        return new ResultsView(q, hits.size(), hits).render();
    }
}
