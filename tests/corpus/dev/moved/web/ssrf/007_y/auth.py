from fastapi import Depends, HTTPException, status

from .sessions import current_user


async def require_member(user=Depends(current_user)):
    if user is None or not user.is_active:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="login required")
    return user
