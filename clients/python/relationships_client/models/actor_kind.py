from enum import StrEnum

class ActorKind(StrEnum):
    ADMIN = "admin"
    IMPORT = "import"
    OPERATOR = "operator"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
