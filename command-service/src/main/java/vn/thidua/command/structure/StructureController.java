package vn.thidua.command.structure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import vn.thidua.command.web.Caller;
import vn.thidua.command.web.CommandSender;
import vn.thidua.reference.StructureCsv;
import vn.thidua.reference.StructureList;
import vn.thidua.reference.StructureVersion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static vn.thidua.command.text.Text.nfc;

/** New versions of a province's administrative units and justice units, imported from CSV (docs/adr/0011). */
@RestController
@Validated
@Tag(name = "Cơ cấu tổ chức", description = "Import a new version of a province's units, checked line by line")
class StructureController {

    private final CommandSender commands;

    StructureController(CommandSender commands) {
        this.commands = commands;
    }

    @Schema(example = """
            {"list":"ADMIN_UNITS","source":"NQ 1658/NQ-UBTVQH15",
             "csv":"code,name,type,parent,valid_from,formed_from,verified,note\\n24,Tỉnh Bắc Ninh,tinh,,2025-07-01,24 27,no,\\n"}""")
    record ImportStructureVersionRequest(
            @NotNull StructureList list,
            @NotBlank @Size(max = 200) String source,
            @NotBlank @Size(max = 1_000_000) String csv) {
    }

    @PostMapping("/api/v1/structure/provinces/{provinceCode}/versions")
    @PreAuthorize("hasRole('PROVINCE_ADMIN')")
    @Operation(summary = "Import a new version of a province's administrative units or justice units from CSV",
            description = "Columns: " + StructureCsv.HEADER + ". Every line starts on the same valid_from, the version's first "
                    + "day. Refused as a whole (400, rule structure-refused, one entry of errors per wrong line with its "
                    + "line number) when a line does not read, names an unknown parent, reuses a code with another meaning, "
                    + "is formed from a unit not valid the day before, or the version does not start after the province's "
                    + "latest one. A province's admin imports its own province's lists; the Ministry any province's, and "
                    + "only the Ministry a version formed from another province's units.",
            responses = @ApiResponse(responseCode = "201", description = "Imported; from valid_from on it replaces the province's previous version of that list"))
    ResponseEntity<Map<String, Object>> importVersion(@PathVariable @Pattern(regexp = "\\d{2}") String provinceCode,
                                                      @Valid @RequestBody ImportStructureVersionRequest body,
                                                      HttpServletRequest http, UriComponentsBuilder uri) {
        Caller caller = Caller.of(http);
        StructureCsv.Parsed parsed = StructureCsv.parse(body.csv(), body.list());
        StructureVersion version = new StructureVersion(provinceCode, body.list(), parsed.effectiveFrom(), nfc(body.source()),
                parsed.lines());
        String sha256 = sha256(body.csv());
        commands.send(ImportStructureVersion.of(version, sha256), caller);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("provinceCode", provinceCode);
        answer.put("list", body.list());
        answer.put("effectiveFrom", parsed.effectiveFrom());
        answer.put("lines", parsed.lines().size());
        answer.put("contentSha256", sha256);
        return ResponseEntity.created(uri.path("/api/v1/structure/provinces/{province}/versions/{list}/{from}")
                .build(provinceCode, body.list(), parsed.effectiveFrom())).body(answer);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
