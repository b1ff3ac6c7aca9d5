from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.friend_state import FriendState
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.muting import Muting





T = TypeVar("T", bound="SummaryView")



@_attrs_define
class SummaryView:
    """ 
        Attributes:
            blocked_by (bool):
            blocking (bool):
            contact (bool):
            follow_requested (bool):
            follow_requested_by (bool):
            followed_by (bool):
            following (bool):
            friend (FriendState):
            is_favorite (bool):
            is_mutual_follow (bool):
            mute (Muting | None):
            muting (bool):
            nickname (None | str):
            user_id (str):
            mutual_friends (int | None | Unset):
     """

    blocked_by: bool
    blocking: bool
    contact: bool
    follow_requested: bool
    follow_requested_by: bool
    followed_by: bool
    following: bool
    friend: FriendState
    is_favorite: bool
    is_mutual_follow: bool
    mute: Muting | None
    muting: bool
    nickname: None | str
    user_id: str
    mutual_friends: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.muting import Muting # noqa: PLC0415
        blocked_by = self.blocked_by

        blocking = self.blocking

        contact = self.contact

        follow_requested = self.follow_requested

        follow_requested_by = self.follow_requested_by

        followed_by = self.followed_by

        following = self.following

        friend = self.friend.value

        is_favorite = self.is_favorite

        is_mutual_follow = self.is_mutual_follow

        mute: dict[str, Any] | None
        if isinstance(self.mute, Muting):
            mute = self.mute.to_dict()
        else:
            mute = self.mute

        muting = self.muting

        nickname: None | str
        nickname = self.nickname

        user_id = self.user_id

        mutual_friends: int | None | Unset
        if isinstance(self.mutual_friends, Unset):
            mutual_friends = UNSET
        else:
            mutual_friends = self.mutual_friends


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "blocked_by": blocked_by,
            "blocking": blocking,
            "contact": contact,
            "follow_requested": follow_requested,
            "follow_requested_by": follow_requested_by,
            "followed_by": followed_by,
            "following": following,
            "friend": friend,
            "is_favorite": is_favorite,
            "is_mutual_follow": is_mutual_follow,
            "mute": mute,
            "muting": muting,
            "nickname": nickname,
            "user_id": user_id,
        })
        if mutual_friends is not UNSET:
            field_dict["mutual_friends"] = mutual_friends

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.muting import Muting # noqa: PLC0415
        d = dict(src_dict)
        blocked_by = d.pop("blocked_by")

        blocking = d.pop("blocking")

        contact = d.pop("contact")

        follow_requested = d.pop("follow_requested")

        follow_requested_by = d.pop("follow_requested_by")

        followed_by = d.pop("followed_by")

        following = d.pop("following")

        friend = FriendState(d.pop("friend"))




        is_favorite = d.pop("is_favorite")

        is_mutual_follow = d.pop("is_mutual_follow")

        def _parse_mute(data: object) -> Muting | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mute_type_0 = Muting.from_dict(data)



                return mute_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Muting | None, data)

        mute = _parse_mute(d.pop("mute"))


        muting = d.pop("muting")

        def _parse_nickname(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        nickname = _parse_nickname(d.pop("nickname"))


        user_id = d.pop("user_id")

        def _parse_mutual_friends(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        mutual_friends = _parse_mutual_friends(d.pop("mutual_friends", UNSET))


        summary_view = cls(
            blocked_by=blocked_by,
            blocking=blocking,
            contact=contact,
            follow_requested=follow_requested,
            follow_requested_by=follow_requested_by,
            followed_by=followed_by,
            following=following,
            friend=friend,
            is_favorite=is_favorite,
            is_mutual_follow=is_mutual_follow,
            mute=mute,
            muting=muting,
            nickname=nickname,
            user_id=user_id,
            mutual_friends=mutual_friends,
        )


        summary_view.additional_properties = d
        return summary_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
