package handlers

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-ldap/ldap/v3"
)

type Directory struct {
	conn *ldap.Conn
}

func (d *Directory) LookupUser(w http.ResponseWriter, r *http.Request) {
	user := r.URL.Query().Get("user")
	req := ldap.NewSearchRequest(
		"ou=people,dc=example,dc=com",
		ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false,
		// ruleid: go-ldap-injection
		fmt.Sprintf("(&(objectClass=person)(uid=%s))", user),
		[]string{"cn", "mail"},
		nil,
	)
	d.conn.Search(req)

	safe := ldap.NewSearchRequest(
		"ou=people,dc=example,dc=com",
		ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false,
		// ok: go-ldap-injection
		fmt.Sprintf("(&(objectClass=person)(uid=%s))", ldap.EscapeFilter(user)),
		[]string{"cn", "mail"},
		nil,
	)
	d.conn.Search(safe)
}

func (d *Directory) GroupMembers(c *gin.Context) {
	group := c.Param("group")
	filter := "(&(objectClass=groupOfNames)(cn=" + group + "))"
	// ruleid: go-ldap-injection
	req := ldap.NewSearchRequest("ou=groups,dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, filter, []string{"member"}, nil)
	d.conn.Search(req)

	// ok: go-ldap-injection
	all := ldap.NewSearchRequest("ou=groups,dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(objectClass=groupOfNames)", []string{"cn"}, nil)
	d.conn.Search(all)
}
