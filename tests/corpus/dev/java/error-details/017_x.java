package org.openfleet.api.errors;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnhandledExceptionMapper.class.getName());

    public record ErrorBody(int status, String error, String detail) {}

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof WebApplicationException wae) {
            Response original = wae.getResponse();
            return Response.status(original.getStatus())
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorBody(original.getStatus(), original.getStatusInfo().getReasonPhrase(), null))
                    .build();
        }

        LOG.log(Level.SEVERE, "unhandled exception", failure);

        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return Response.serverError()
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(500, failure.toString(), trace.toString()))
                .build();
    }
}
