import { TreeSelect, type TreeSelectProps } from 'antd';
import { useMemo, useState } from 'react';
import { categoryTree, useCategories, type CategoryNode } from '../api/reference';

const leavesOf = (n: CategoryNode): CategoryNode[] =>
  n.children ? n.children.flatMap(leavesOf) : n.selectable ? [n] : [];

/**
 * The third-level content category, picked from the tree or found by typing its code or name.
 * While a search is typed it lists only the categories a case can be filed under, so the first
 * match is active and Enter takes it: over the whole tree rc-tree-select looks for the first
 * selectable node without entering the branches it cannot select, and Enter picked nothing.
 */
export function CategoryPicker(
  props: Omit<TreeSelectProps<string>, 'treeData' | 'showSearch' | 'onSearch' | 'loading'>,
) {
  const categories = useCategories();
  const [search, setSearch] = useState('');
  const tree = useMemo(() => categoryTree(categories.data ?? []), [categories.data]);
  const leaves = useMemo(() => tree.flatMap(leavesOf), [tree]);
  return (
    <TreeSelect
      placeholder="输入名称或代码搜索"
      {...props}
      showSearch
      treeData={search ? leaves : tree}
      treeNodeFilterProp="title"
      loading={categories.isLoading}
      onSearch={setSearch}
    />
  );
}
