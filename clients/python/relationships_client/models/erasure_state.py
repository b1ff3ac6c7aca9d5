from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.erasure_state_state import ErasureStateState
from typing import cast

if TYPE_CHECKING:
  from ..models.erasure_counts import ErasureCounts
  from ..models.erasure_left import ErasureLeft





T = TypeVar("T", bound="ErasureState")



@_attrs_define
class ErasureState:
    """ 
        Attributes:
            done (ErasureCounts):
            left (ErasureLeft):
            left_counted_up_to (int):
            pseudonym (str):
            state (ErasureStateState):
            user_id (str):
     """

    done: ErasureCounts
    left: ErasureLeft
    left_counted_up_to: int
    pseudonym: str
    state: ErasureStateState
    user_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.erasure_counts import ErasureCounts # noqa: PLC0415
        from ..models.erasure_left import ErasureLeft # noqa: PLC0415
        done = self.done.to_dict()

        left = self.left.to_dict()

        left_counted_up_to = self.left_counted_up_to

        pseudonym = self.pseudonym

        state = self.state.value

        user_id = self.user_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "done": done,
            "left": left,
            "left_counted_up_to": left_counted_up_to,
            "pseudonym": pseudonym,
            "state": state,
            "user_id": user_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.erasure_counts import ErasureCounts # noqa: PLC0415
        from ..models.erasure_left import ErasureLeft # noqa: PLC0415
        d = dict(src_dict)
        done = ErasureCounts.from_dict(d.pop("done"))




        left = ErasureLeft.from_dict(d.pop("left"))




        left_counted_up_to = d.pop("left_counted_up_to")

        pseudonym = d.pop("pseudonym")

        state = ErasureStateState(d.pop("state"))




        user_id = d.pop("user_id")

        erasure_state = cls(
            done=done,
            left=left,
            left_counted_up_to=left_counted_up_to,
            pseudonym=pseudonym,
            state=state,
            user_id=user_id,
        )


        erasure_state.additional_properties = d
        return erasure_state

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
