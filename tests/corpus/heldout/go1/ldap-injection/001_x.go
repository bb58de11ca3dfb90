package directory

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"os"

	"github.com/go-ldap/ldap/v3"
	"github.com/labstack/echo/v4"
)

type Person struct {
	UID   string `json:"uid"`
	Name  string `json:"name"`
	Mail  string `json:"mail"`
	Title string `json:"title"`
}

type Directory struct {
	URL    string
	BaseDN string
	BindDN string
}

func (d *Directory) dial() (*ldap.Conn, error) {
	conn, err := ldap.DialURL(d.URL, ldap.DialWithTLSConfig(&tls.Config{MinVersion: tls.VersionTLS12}))
	if err != nil {
		return nil, err
	}
	if err := conn.Bind(d.BindDN, os.Getenv("LDAP_BIND_PASSWORD")); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// LookupColleague powers the "who is" box on the intranet home page.
func (d *Directory) LookupColleague(c echo.Context) error {
	name := c.QueryParam("name")
	if name == "" {
		return c.JSON(http.StatusBadRequest, map[string]string{"error": "name is required"})
	}

	conn, err := d.dial()
	if err != nil {
		c.Logger().Errorf("ldap dial: %v", err)
		return c.JSON(http.StatusBadGateway, map[string]string{"error": "directory unavailable"})
	}
	defer conn.Close()

	filter := fmt.Sprintf("(&(objectClass=inetOrgPerson)(|(cn=%s*)(uid=%s)))", name, name)
	req := ldap.NewSearchRequest(
		d.BaseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 25, 5, false,
		filter,
		[]string{"uid", "cn", "mail", "title"},
		nil,
	)

	res, err := conn.Search(req)
	if err != nil {
		c.Logger().Errorf("ldap search: %v", err)
		return c.JSON(http.StatusBadGateway, map[string]string{"error": "directory unavailable"})
	}

	people := make([]Person, 0, len(res.Entries))
	for _, e := range res.Entries {
		people = append(people, Person{
			UID:   e.GetAttributeValue("uid"),
			Name:  e.GetAttributeValue("cn"),
			Mail:  e.GetAttributeValue("mail"),
			Title: e.GetAttributeValue("title"),
		})
	}
	return c.JSON(http.StatusOK, people)
}
