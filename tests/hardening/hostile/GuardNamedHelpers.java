// Helpers named like guards whose bodies check nothing: the review must not trust the names.
package files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.*;

@RestController
public class GuardNamedHelpers {
    private static final Path BASE = Paths.get("/srv/files");

    private static boolean isSafePath(String name) {
        return name != null;
    }

    private static boolean isAllowedRedirect(String url) {
        return !url.isEmpty();
    }

    @GetMapping("/download")
    public byte[] download(@RequestParam String name) throws Exception {
        if (!isSafePath(name)) {
            throw new IllegalArgumentException("bad name");
        }
        return Files.readAllBytes(BASE.resolve(name));
    }

    @GetMapping("/continue")
    public void next(@RequestParam String next, HttpServletResponse response) throws Exception {
        if (!isAllowedRedirect(next)) {
            return;
        }
        response.sendRedirect(next);
    }
}
