package org.campus.directory.rest;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/directory/people")
@Produces(MediaType.APPLICATION_JSON)
public class PeopleSearchResource {

    private static final String BASE_DN = "ou=people,dc=campus,dc=edu";

    public record Person(String uid, String displayName, String mail, String department) {}

    @GET
    public List<Person> search(@QueryParam("surname") String surname,
                               @QueryParam("dept") String department) throws NamingException {
        String filter = "(&(objectClass=inetOrgPerson)(sn=" + surname + ")";
        if (department != null && !department.isBlank()) {
            filter += "(departmentNumber=" + department + ")";
        }
        filter += ")";

        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(new String[] {"uid", "cn", "mail", "departmentNumber"});
        controls.setCountLimit(50);

        DirContext ctx = openContext();
        try {
            List<Person> people = new ArrayList<>();
            NamingEnumeration<SearchResult> results = ctx.search(BASE_DN, filter, controls);
            while (results.hasMore()) {
                Attributes a = results.next().getAttributes();
                people.add(new Person(str(a, "uid"), str(a, "cn"), str(a, "mail"), str(a, "departmentNumber")));
            }
            return people;
        } finally {
            ctx.close();
        }
    }

    private static DirContext openContext() throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, System.getenv("DIRECTORY_LDAP_URL"));
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, System.getenv("DIRECTORY_BIND_DN"));
        env.put(Context.SECURITY_CREDENTIALS, System.getenv("DIRECTORY_BIND_PASSWORD"));
        return new InitialDirContext(env);
    }

    private static String str(Attributes attrs, String name) throws NamingException {
        var attr = attrs.get(name);
        return attr == null ? null : String.valueOf(attr.get());
    }
}
