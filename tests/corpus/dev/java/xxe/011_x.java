package app.trailmate.tracks;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

@RestController
public class GpxImportController {

    public record TrackPoint(double lat, double lon, Double elevation) {}

    public record ImportSummary(String name, int points, List<TrackPoint> preview) {}

    @PostMapping("/api/tracks/gpx")
    public ResponseEntity<ImportSummary> importGpx(@RequestParam("file") MultipartFile gpx)
            throws IOException, ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        // GPX files have no DTD; refuse any DOCTYPE and never fetch external entities
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setXIncludeAware(false);
        SAXParser parser = factory.newSAXParser();

        GpxHandler handler = new GpxHandler();
        try (InputStream in = gpx.getInputStream()) {
            parser.parse(in, handler);
        }
        List<TrackPoint> preview = handler.points.subList(0, Math.min(20, handler.points.size()));
        return ResponseEntity.ok(new ImportSummary(handler.name.toString().trim(), handler.points.size(), List.copyOf(preview)));
    }

    static final class GpxHandler extends DefaultHandler {
        final List<TrackPoint> points = new ArrayList<>();
        final StringBuilder name = new StringBuilder();
        private final StringBuilder text = new StringBuilder();
        private double lat;
        private double lon;
        private Double ele;
        private boolean inTrackName;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attrs) {
            text.setLength(0);
            switch (localName) {
                case "trkpt" -> {
                    lat = Double.parseDouble(attrs.getValue("lat"));
                    lon = Double.parseDouble(attrs.getValue("lon"));
                    ele = null;
                }
                case "name" -> inTrackName = name.isEmpty();
                default -> { }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            text.append(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            switch (localName) {
                case "ele" -> ele = Double.valueOf(text.toString().trim());
                case "trkpt" -> points.add(new TrackPoint(lat, lon, ele));
                case "name" -> {
                    if (inTrackName) {
                        name.append(text);
                        inTrackName = false;
                    }
                }
                default -> { }
            }
        }
    }
}
