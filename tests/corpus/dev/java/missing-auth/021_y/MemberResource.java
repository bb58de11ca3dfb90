package club.roster.api;

import java.util.List;

import club.roster.api.security.Authenticated;
import club.roster.members.Member;
import club.roster.members.MemberService;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/members")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {

    @Inject
    MemberService members;

    public record RoleChange(String role) {}

    @GET
    public List<Member> list(@QueryParam("team") String team) {
        return members.list(team);
    }

    @GET
    @Path("/{id}")
    public Member get(@PathParam("id") long id) {
        return members.require(id);
    }

    @PUT
    @Path("/{id}/role")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changeRole(@PathParam("id") long id, RoleChange change) {
        members.changeRole(id, change.role());
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}")
    public Response remove(@PathParam("id") long id) {
        members.deactivate(id);
        return Response.noContent().build();
    }
}
