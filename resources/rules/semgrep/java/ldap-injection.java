package com.example.directory;

import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.directory.*;
import javax.servlet.http.HttpServletRequest;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.filter.EqualsFilter;
import org.springframework.ldap.support.LdapEncoder;
import org.springframework.web.bind.annotation.*;
import static org.springframework.ldap.query.LdapQueryBuilder.query;

@RestController
@RequestMapping("/api/directory")
public class DirectoryController {
    private final LdapTemplate ldapTemplate;
    private final DirContext ctx;

    public DirectoryController(LdapTemplate ldapTemplate, DirContext ctx) {
        this.ldapTemplate = ldapTemplate;
        this.ctx = ctx;
    }

    @GetMapping("/users")
    public NamingEnumeration<SearchResult> find(@RequestParam("uid") String uid) throws Exception {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        String filter = "(&(objectClass=person)(uid=" + uid + "))";
        // ruleid: java-ldap-injection
        return ctx.search("ou=people,dc=example,dc=com", filter, controls);
    }

    @GetMapping("/users-param")
    public NamingEnumeration<SearchResult> findParam(@RequestParam("uid") String uid) throws Exception {
        SearchControls controls = new SearchControls();
        // ok: java-ldap-injection
        return ctx.search("ou=people,dc=example,dc=com", "(&(objectClass=person)(uid={0}))", new Object[]{uid}, controls);
    }

    @GetMapping("/mail")
    public List<String> byMail(HttpServletRequest request) {
        String mail = request.getParameter("mail");
        // ruleid: java-ldap-injection
        return ldapTemplate.search("ou=people", "(mail=" + mail + ")", (AttributesMapper<String>) a -> (String) a.get("cn").get());
    }

    @GetMapping("/mail-encoded")
    public List<String> byMailEncoded(HttpServletRequest request) {
        String mail = request.getParameter("mail");
        // ok: java-ldap-injection
        return ldapTemplate.search("ou=people", "(mail=" + LdapEncoder.filterEncode(mail) + ")", (AttributesMapper<String>) a -> (String) a.get("cn").get());
    }

    @PostMapping("/login")
    public boolean login(@RequestParam String username, @RequestParam String password) {
        // ok: java-ldap-injection
        return ldapTemplate.authenticate("ou=people", new EqualsFilter("uid", username).encode(), password);
    }

    @GetMapping("/cn")
    public List<String> byCn(@RequestParam String cn) {
        // ok: java-ldap-injection
        return ldapTemplate.search(query().base("ou=people").where("cn").is(cn), (AttributesMapper<String>) a -> (String) a.get("uid").get());
    }

    @GetMapping("/group")
    public NamingEnumeration<SearchResult> byGroup(@RequestParam String group) throws Exception {
        // DN escaping (nameEncode) does not escape filter metacharacters such as * ( )
        String safeDn = LdapEncoder.nameEncode(group);
        // ruleid: java-ldap-injection
        return ctx.search("ou=groups", "(cn=" + safeDn + ")", new SearchControls());
    }

    @GetMapping("/group-filter")
    public NamingEnumeration<SearchResult> byGroupFilter(@RequestParam String group) throws Exception {
        String escaped = LdapEncoder.filterEncode(group);
        // ok: java-ldap-injection
        return ctx.search("ou=groups", "(cn=" + escaped + ")", new SearchControls());
    }
}
