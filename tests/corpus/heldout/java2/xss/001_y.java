package com.meetloop.profiles.web;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

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
        String linkText = website.isBlank() ? "" : shortLabel(website);
        return CARD.formatted(
                htmlEscape(displayName),
                htmlEscape(headline),
                htmlEscape(website),
                htmlEscape(linkText));
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
