from enum import StrEnum

class EdgeSource(StrEnum):
    GROUP = "group"
    IMPORTED = "imported"
    QR_CODE = "qr_code"
    SEARCH = "search"

    def __str__(self) -> str:
        return str(self.value)
