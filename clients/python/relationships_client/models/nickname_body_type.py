from enum import StrEnum

class NicknameBodyType(StrEnum):
    CONTACT = "contact"
    FRIEND = "friend"

    def __str__(self) -> str:
        return str(self.value)
