package org.cityevents.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

import org.owasp.encoder.Encode;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

@WebServlet("/events")
public class EventListingServlet extends HttpServlet {

    @Inject
    EventCalendar calendar;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String keyword = req.getParameter("keyword");
        if (keyword == null) {
            keyword = "";
        }
        List<EventCalendar.Event> events = calendar.upcoming(keyword, 30);

        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        out.println("<!DOCTYPE html><html lang='en'><head><title>What's on</title>");
        out.println("<link rel='stylesheet' href='/static/site.css'></head><body>");
        out.println("<form method='get' action='/events' class='search'>");
        out.println("  <input type='search' name='keyword' value='" + Encode.forHtmlContent(keyword) + "'>");
        out.println("  <button>Search</button>");
        out.println("</form>");

        out.println("<ul class='events'>");
        for (EventCalendar.Event e : events) {
            out.println("  <li><time>" + e.date() + "</time> " + Encode.forHtml(e.title())
                    + " <span class='venue'>" + Encode.forHtml(e.venue()) + "</span></li>");
        }
        out.println("</ul>");
        if (events.isEmpty()) {
            out.println("<p>Nothing found for " + Encode.forHtml(keyword) + ".</p>");
        }
        out.println("</body></html>");
    }
}
