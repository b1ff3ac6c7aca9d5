from enum import StrEnum

class Reason(StrEnum):
    FOLLOWED_BY_PEOPLE_YOU_FOLLOW = "followed_by_people_you_follow"
    FRIENDS_OF_FRIENDS = "friends_of_friends"

    def __str__(self) -> str:
        return str(self.value)
