package com.meetloop.profiles.web;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.stereotype.Controller;

/**
 * Renders the small profile card shown in the "edit profile" form while the user types,
 * before anything is saved. The form fetches it with the current field values.
 */
@Controller
public class ProfileCardPreviewController {

    private static final String CARD = """
            <div class="profile-card">
              <h3 class="profile-card__name">%s</h3>
              <p class="profile-card__headline">%s</p>
              <a class="profile-card__link" href="%s" rel="nofollow noopener" target="_blank">%s</a>
            </div>
            """;

    @GetMapping(path = "/profile/card-preview", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String preview(@RequestParam(defaultValue = "") String displayName,
                          @RequestParam(defaultValue = "") String headline,
                          @RequestParam(defaultValue = "") String website) {
        String href = webLink(website);
        String linkText = href.equals("#") ? "" : shortLabel(href);
        return CARD.formatted(
                htmlEscape(displayName),
                htmlEscape(headline),
                htmlEscape(href),
                htmlEscape(linkText));
    }

    /** Accepts only absolute http(s) links with a host; anything else renders as "#". */
    private static String webLink(String website) {
        if (website.isBlank()) {
            return "#";
        }
        try {
            URI uri = new URI(website.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri.toASCIIString();
            }
        } catch (URISyntaxException e) {
            // fall through
        }
        return "#";
    }

    /** "https://www.example.com/about" -> "example.com/about" */
    private static String shortLabel(String url) {
        String label = url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        if (label.startsWith("www.")) {
            label = label.substring(4);
        }
        return label.length() > 40 ? label.substring(0, 39) + "…" : label;
    }
}
