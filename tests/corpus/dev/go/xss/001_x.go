package profiles

import (
	"fmt"
	"html"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

type Profile struct {
	Handle  string
	Display string
	Website string
	Bio     string
}

type ProfileRepo interface {
	ByHandle(handle string) (*Profile, error)
}

type ProfilePages struct {
	Repo ProfileRepo
}

// Preview renders the profile card from the settings form so the user can
// see the result before saving.
func (pp *ProfilePages) Preview(c echo.Context) error {
	current, err := pp.Repo.ByHandle(c.Param("handle"))
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound, "no such user")
	}
	p := &Profile{
		Handle:  current.Handle,
		Display: c.FormValue("display"),
		Website: c.FormValue("website"),
		Bio:     c.FormValue("bio"),
	}

	var b strings.Builder
	b.WriteString(`<div class="profile-card">`)
	fmt.Fprintf(&b, `<h3>%s</h3>`, html.EscapeString(p.Display))
	fmt.Fprintf(&b, `<p class="handle">@%s</p>`, html.EscapeString(p.Handle))
	if p.Website != "" {
		fmt.Fprintf(&b, `<a class="website" href="%s" rel="nofollow">%s</a>`,
			html.EscapeString(p.Website), html.EscapeString(p.Website))
	}
	fmt.Fprintf(&b, `<p class="bio">%s</p>`, html.EscapeString(p.Bio))
	b.WriteString(`</div>`)

	return c.HTML(http.StatusOK, b.String())
}
