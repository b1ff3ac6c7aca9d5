from enum import StrEnum

class ImportImportContactsJsonBodyItemSource(StrEnum):
    GROUP = "group"
    IMPORTED = "imported"
    QR_CODE = "qr_code"
    SEARCH = "search"

    def __str__(self) -> str:
        return str(self.value)
