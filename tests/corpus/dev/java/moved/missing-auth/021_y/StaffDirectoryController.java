package io.teamhub.api.directory;

import java.util.List;

import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Company directory used by the "invite a colleague" dialog: name, e-mail, phone and team of every employee.
 */
@RestController
public class StaffDirectoryController {

    private final StaffRepository staff;

    public StaffDirectoryController(StaffRepository staff) {
        this.staff = staff;
    }

    public record StaffEntry(String fullName, String email, String phone, String team) {}

    @GetMapping("/api/directory/people")
    public List<StaffEntry> search(@RequestParam(defaultValue = "") String q,
                                   @RequestParam(defaultValue = "0") int page) {
        var pageable = PageRequest.of(Math.max(page, 0), 50);
        return staff.findByFullNameContainingIgnoreCaseOrderByFullName(q.trim(), pageable).stream()
                .map(s -> new StaffEntry(s.getFullName(), s.getEmail(), s.getPhone(), s.getTeam()))
                .toList();
    }
}
