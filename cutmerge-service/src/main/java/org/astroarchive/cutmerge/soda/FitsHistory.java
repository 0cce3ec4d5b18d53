package org.astroarchive.cutmerge.soda;

import java.util.ArrayList;
import java.util.List;
import nom.tam.fits.Header;

/** HISTORY cards (FITS Standard 4.0 §4.4.2.4) appended at the end of a header, long texts wrapped between words. */
public final class FitsHistory {

    /** Characters of text a HISTORY card holds after its keyword and a space. */
    static final int WIDTH = 71;

    private FitsHistory() {
    }

    public static void append(Header header, String... texts) {
        header.seekTail();
        for (String text : texts) {
            for (String line : wrap(text)) {
                header.insertHistory(line);
            }
        }
    }

    /** Lines of at most {@value #WIDTH} characters, broken at spaces where possible. */
    static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (word.length() > WIDTH) { // a word too long for a card is broken where it must be
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, WIDTH));
                word = word.substring(WIDTH);
            }
            if (!line.isEmpty() && line.length() + 1 + word.length() > WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
