package com.gridlabs.sheets;

import java.io.IOException;

import javax.script.Bindings;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Evaluates a computed-column formula for the spreadsheet widget, e.g. "price * qty * (1 - discount)".
 */
@WebServlet("/sheets/evaluate")
public class CellFormulaServlet extends HttpServlet {

    private final ScriptEngineManager engines = new ScriptEngineManager();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String formula = req.getParameter("formula");
        if (formula == null || formula.length() > 500) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }

        ScriptEngine js = engines.getEngineByName("javascript");
        Bindings row = js.createBindings();
        row.put("price", parseOrZero(req.getParameter("price")));
        row.put("qty", parseOrZero(req.getParameter("qty")));
        row.put("discount", parseOrZero(req.getParameter("discount")));

        Object value;
        try {
            value = js.eval(formula, row);
        } catch (ScriptException e) {
            resp.sendError(HttpServletResponse.SC_UNPROCESSABLE_CONTENT);
            return;
        }

        resp.setContentType("application/json");
        double number = value instanceof Number n ? n.doubleValue() : Double.NaN;
        resp.getWriter().printf("{\"value\":%s}", Double.isFinite(number) ? Double.toString(number) : "null");
    }

    private static double parseOrZero(String raw) {
        try {
            return raw == null ? 0 : Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
