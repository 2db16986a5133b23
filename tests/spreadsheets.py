"""Reading back a CSV export in tests, whether it is streamed (StreamingHttpResponse) or not."""

import csv
import io


def csv_text(response) -> str:
    """The file's text, without the mark for Excel."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def csv_rows(response, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_text(response)), delimiter=delimiter))
