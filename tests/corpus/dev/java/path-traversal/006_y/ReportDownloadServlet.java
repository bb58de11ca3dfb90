package com.auditpro.reports.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.auditpro.reports.storage.ReportStore;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

@WebServlet("/reports/download")
public class ReportDownloadServlet extends HttpServlet {

    @Inject
    ReportStore store;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String report = req.getParameter("report");
        if (report == null || report.isBlank()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }

        var file = store.find(report);
        if (file.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }

        resp.setContentType("application/pdf");
        resp.setHeader("Content-Disposition", "attachment; filename=\"audit-report.pdf\"");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = file.get().open(); OutputStream out = resp.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
