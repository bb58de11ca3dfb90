package com.tripplanner.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The itinerary editor keeps the unsaved draft client-side between steps of the wizard
 * and posts it back here when the user continues.
 */
@WebServlet("/planner/resume")
public class ResumeDraftServlet extends HttpServlet {

    public static class ItineraryDraft implements Serializable {
        private static final long serialVersionUID = 3L;
        public String title;
        public LocalDate departure;
        public ArrayList<String> stops = new ArrayList<>();
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String encoded = req.getParameter("draft");
        if (encoded == null || encoded.isEmpty()) {
            resp.sendRedirect(req.getContextPath() + "/planner/new");
            return;
        }

        ItineraryDraft draft;
        byte[] raw = Base64.getUrlDecoder().decode(encoded);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(raw))) {
            draft = (ItineraryDraft) in.readObject();
        } catch (ClassNotFoundException | ClassCastException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }

        req.getSession().setAttribute("draftStops", List.copyOf(draft.stops));
        req.getSession().setAttribute("draftDeparture", draft.departure);
        resp.sendRedirect(req.getContextPath() + "/planner/step2");
    }
}
