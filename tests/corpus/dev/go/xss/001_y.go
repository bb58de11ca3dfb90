package profiles

import (
	"html/template"
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

var cardTmpl = template.Must(template.New("card").Parse(`<div class="profile-card">
<h3>{{.Display}}</h3>
<p class="handle">@{{.Handle}}</p>
{{with .Website}}<a class="website" href="{{.}}" rel="nofollow">{{.}}</a>{{end}}
<p class="bio">{{.Bio}}</p>
</div>`))

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
	if err := cardTmpl.Execute(&b, p); err != nil {
		c.Logger().Errorf("render profile card: %v", err)
		return echo.NewHTTPError(http.StatusInternalServerError, "could not render profile")
	}
	return c.HTML(http.StatusOK, b.String())
}
