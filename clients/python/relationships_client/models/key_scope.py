from enum import StrEnum

class KeyScope(StrEnum):
    ADMIN = "admin"
    APP = "app"

    def __str__(self) -> str:
        return str(self.value)
