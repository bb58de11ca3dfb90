package com.vetcare.records;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

@Controller("/api/patients/{patientId}/notes")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ClinicalNoteController {

    private final ClinicalNoteRepository notes;
    private final SecretKey noteKey;
    private final SecureRandom random = new SecureRandom();

    public ClinicalNoteController(ClinicalNoteRepository notes) {
        this.notes = notes;
        byte[] keyBytes = Base64.getDecoder().decode(System.getenv("NOTES_ENCRYPTION_KEY"));
        if (keyBytes.length != 32) {
            throw new IllegalStateException("NOTES_ENCRYPTION_KEY must be a base64 AES-256 key");
        }
        this.noteKey = new SecretKeySpec(keyBytes, "AES");
    }

    public record NewNote(String author, String text) {}

    @Post
    public HttpResponse<Void> add(@PathVariable long patientId, @Body NewNote note) throws GeneralSecurityException {
        if (note.text() == null || note.text().isBlank() || note.text().length() > 20_000) {
            return HttpResponse.badRequest();
        }
        byte[] iv = new byte[12];
        random.nextBytes(iv);

        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, noteKey, new GCMParameterSpec(128, iv));
        byte[] encrypted = cipher.doFinal(note.text().getBytes(StandardCharsets.UTF_8));

        notes.insert(patientId, note.author(),
                Base64.getEncoder().encodeToString(iv),
                Base64.getEncoder().encodeToString(encrypted));
        return HttpResponse.created((Void) null);
    }
}
