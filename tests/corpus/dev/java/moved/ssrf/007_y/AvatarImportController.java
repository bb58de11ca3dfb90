package app.teamspace.profile;

import java.io.IOException;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class AvatarImportController {

    private final RemoteImageFetcher fetcher;
    private final AvatarStore avatars;

    public AvatarImportController(RemoteImageFetcher fetcher, AvatarStore avatars) {
        this.fetcher = fetcher;
        this.avatars = avatars;
    }

    public record ImportRequest(String imageUrl) {}

    /** Imports a profile picture from a link the user pastes (e.g. their picture on another site). */
    @PostMapping("/api/profile/avatar/import")
    public ResponseEntity<Void> importAvatar(@AuthenticationPrincipal Jwt user,
                                             @RequestBody ImportRequest body) throws IOException, InterruptedException {
        if (body.imageUrl() == null || body.imageUrl().isBlank()) {
            return ResponseEntity.badRequest().build();
        }
        byte[] image = fetcher.download(body.imageUrl().trim());
        avatars.save(user.getSubject(), image);
        return ResponseEntity.noContent().build();
    }
}
