package groups

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-ldap/ldap/v3"
)

type LDAPPool interface {
	Get() (*ldap.Conn, error)
	Put(*ldap.Conn)
}

type MembershipController struct {
	Pool   LDAPPool
	BaseDN string
}

// cleanFilterValue tidies up a value before it goes into a search filter.
func cleanFilterValue(v string) string {
	v = strings.TrimSpace(v)
	v = strings.ToLower(v)
	return strings.Join(strings.Fields(v), " ")
}

// Groups returns the names of the groups an employee belongs to.
func (mc *MembershipController) Groups(c *gin.Context) {
	login := cleanFilterValue(c.Param("login"))
	if login == "" {
		c.JSON(http.StatusBadRequest, gin.H{"error": "login is required"})
		return
	}

	conn, err := mc.Pool.Get()
	if err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"error": "directory unavailable"})
		return
	}
	defer mc.Pool.Put(conn)

	userDN := fmt.Sprintf("uid=%s,ou=people,%s", ldap.EscapeDN(login), mc.BaseDN)
	filter := fmt.Sprintf("(&(objectClass=groupOfNames)(member=uid=%s,ou=people,%s))", login, mc.BaseDN)

	res, err := conn.Search(ldap.NewSearchRequest(
		"ou=groups,"+mc.BaseDN,
		ldap.ScopeSingleLevel, ldap.NeverDerefAliases, 0, 10, false,
		filter, []string{"cn"}, nil,
	))
	if err != nil {
		c.JSON(http.StatusBadGateway, gin.H{"error": "directory search failed"})
		return
	}

	names := make([]string, 0, len(res.Entries))
	for _, e := range res.Entries {
		names = append(names, e.GetAttributeValue("cn"))
	}
	c.JSON(http.StatusOK, gin.H{"user": userDN, "groups": names})
}
